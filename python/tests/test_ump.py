"""tonewood.midi.ump: builders give the specification's words, messages parse back into typed
fields, invalid packets say why, and MIDI 1.0 <-> 2.0 translation keeps 7- and 14-bit values."""

import inspect

import pytest

from tonewood.errors import InvalidArgumentError, OutOfRangeError
from tonewood.midi import Message, ump


def test_builders_return_the_wire_words():
    assert ump.note_on(channel=0, note=60, velocity=0xC000) == (0x40903C00, 0xC0000000)
    assert ump.midi1_note_on(group=1, channel=2, note=60, velocity=100) == (0x21923C64,)
    assert ump.jr_timestamp(time=0x1234) == (0x00201234,)
    assert ump.pitch_bend(channel=3, value=0x80000000) == (0x40E30000, 0x80000000)
    assert ump.program_change(channel=1, program=5, bank_msb=1, bank_lsb=2) == (0x40C10001, 0x05000102)
    assert ump.set_tempo(tempo=50_000_000) == (0xD0000000, 50_000_000, 0, 0)
    assert ump.endpoint_name(text="tonewood") == (0xF003746F, 0x6E65776F, 0x6F640000, 0)
    assert ump.sysex7(data=b"\x01\x02\x03") == (0x30030102, 0x03000000)


def test_builders_have_real_signatures_and_check_their_arguments():
    parameters = inspect.signature(ump.note_on).parameters
    assert list(parameters) == ["group", "channel", "note", "attribute_type", "velocity", "attribute"]
    assert parameters["note"].default is inspect.Parameter.empty
    assert "velocity 0..65535" in ump.note_on.__doc__
    with pytest.raises(TypeError, match="velocity"):
        ump.note_on(note=60)
    with pytest.raises(TypeError):
        ump.note_on(note=60, velocity=1, pitch=3)
    with pytest.raises(OutOfRangeError, match=r"note_on note must be within \[0, 127\], got 128"):
        ump.note_on(note=128, velocity=1)
    with pytest.raises(OutOfRangeError, match="at most 6 bytes"):
        ump.sysex7(data=bytes(7))
    with pytest.raises(InvalidArgumentError, match="unknown UMP message 'note'.*note_on"):
        ump.encode("note")


def test_every_message_type_builds_and_parses_back():
    assert len(ump.MESSAGE_TYPES) >= 60
    assert {info.message_type for info in ump.MESSAGE_TYPES.values()} == {0, 1, 2, 3, 4, 5, 0xD, 0xF}
    stream = []
    expected = []
    for name, info in ump.MESSAGE_TYPES.items():
        fields = {f.name: f.maximum for f in info.fields}
        if "format" in fields:
            fields["format"] = 0
        words = ump.encode(name, b"\x01\x02" if info.payload != "none" else b"", **fields)
        assert len(words) == info.words
        stream.extend(words)
        expected.append((name, fields))
    messages = ump.parse(stream)
    assert [(m.type, m.fields) for m in messages] == expected
    assert all(m.is_valid for m in messages)


def test_parsed_messages_are_typed():
    message = ump.UmpMessage(ump.note_on(group=2, channel=9, note=38, velocity=0xFFFF, attribute_type=3, attribute=7))
    assert (message.type, message.group, message.channel, message.note) == ("note_on", 2, 9, 38)
    assert (message.velocity, message.attribute_type, message.attribute) == (0xFFFF, 3, 7)
    with pytest.raises(AttributeError, match="note_on has no field 'controller'"):
        _ = message.controller
    assert repr(message).startswith("<UmpMessage note_on group=2 channel=9 note=38")
    assert ump.UmpMessage(ump.relative_registered_controller(bank=1, index=2, value=-5)).value == -5
    assert ump.UmpMessage(ump.set_key_signature(sharps_flats=-3, tonic=3)).sharps_flats == -3


def test_invalid_packets_name_the_problem():
    assert ump.UmpMessage(0x60000000).problem == "message type 0x6 is reserved"
    bad_bit = ump.UmpMessage((0x4090BC00, 0))
    assert bad_bit.type == "note_on"
    with pytest.raises(InvalidArgumentError, match="reserved bits 0x00008000 set in word 0"):
        bad_bit.validate()
    assert ump.UmpMessage((0x40708000, 0)).type == "unknown"
    with pytest.raises(InvalidArgumentError, match="takes 2 words, got 1"):
        ump.UmpMessage(0x40903C00)
    with pytest.raises(InvalidArgumentError, match="word 1 needs 2 words, only 1 remain"):
        ump.parse([0x20903C64, 0x40903C00])


def test_long_sysex_and_text_span_packets_and_join_again():
    payload = bytes(range(0, 100, 3))
    packets = ump.sysex7_packets(payload, group=4)
    assert [ump.UmpMessage(p).format for p in packets] == [1, 2, 2, 2, 2, 3]
    translator = ump.Midi2ToMidi1()
    out = [m for p in packets for m in translator.translate(p)]
    assert out == [Message.sysex(payload)]
    text = "Ünïcode endpoint name, longer than one packet"
    messages = ump.parse(ump.text_packets("endpoint_name", text))
    assert [m.format for m in messages] == [1, 2, 2, 3]
    assert ump.join_text(messages) == text
    with pytest.raises(InvalidArgumentError, match="not a text message"):
        ump.text_packets("note_on", "x")


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [(0, 7, 16, 0), (1, 7, 16, 0x200), (63, 7, 16, 0x7E00), (64, 7, 16, 0x8000), (65, 7, 16, 0x8208),
     (127, 7, 16, 0xFFFF), (64, 7, 32, 0x80000000), (65, 7, 32, 0x82082082), (127, 7, 32, 0xFFFFFFFF),
     (8192, 14, 32, 0x80000000), (8193, 14, 32, 0x80040020), (16383, 14, 32, 0xFFFFFFFF)],
)  # fmt: skip
def test_min_centre_max_scaling_table(value, source, target, expected):
    assert ump.scale_up(value, source, target) == expected
    assert ump.scale_down(expected, target, source) == value


def test_translation_keeps_every_seven_and_fourteen_bit_value():
    for v in range(128):
        for message in (Message.control_change(channel=1, control=7, value=v),
                        Message.note_off(channel=2, note=v, velocity=v),
                        Message.channel_pressure(channel=3, pressure=v)):
            (packet,) = message.to_midi2()
            assert packet.to_midi1() == [message]
    for bend in range(-8192, 8192, 7):
        (packet,) = Message.pitch_bend(channel=0, value=bend).to_midi2()
        assert packet.type == "pitch_bend"
        assert packet.to_midi1() == [Message.pitch_bend(channel=0, value=bend)]
    (packet,) = Message.note_on(channel=0, note=60, velocity=127).to_midi2()
    assert (packet.type, packet.velocity) == ("note_on", 0xFFFF)
    (packet,) = Message.note_on(channel=0, note=60, velocity=0).to_midi2()
    assert (packet.type, packet.velocity) == ("note_off", 0)


def test_stateful_translation_of_bank_and_rpn():
    up = ump.Midi1ToMidi2(group=1)
    assert up.translate(Message.control_change(channel=0, control=0, value=2)) == []
    (program,) = up.translate(Message.program_change(channel=0, program=9))
    assert (program.type, program.bank_valid, program.bank_msb, program.program, program.group) == (
        "program_change", 1, 2, 9, 1)  # fmt: skip
    assert [m.type for m in program.to_midi1()] == ["control_change", "control_change", "program_change"]
    for control, value in ((101, 0), (100, 0)):
        assert up.translate(Message.control_change(channel=0, control=control, value=value)) == []
    (rpn,) = up.translate(Message.control_change(channel=0, control=6, value=48))
    assert (rpn.type, rpn.bank, rpn.index, rpn.value) == ("registered_controller", 0, 0, ump.scale_up(48 << 7, 14, 32))
    assert [(m.control, m.value) for m in rpn.to_midi1()] == [(101, 0), (100, 0), (6, 48), (38, 0)]
    assert ump.UmpMessage(ump.per_note_pitch_bend(note=60, value=0)).to_midi1() == []
