"""Universal MIDI Packets (MIDI 2.0).

Builders return the packet's 32-bit words as a tuple of ``int``; ``parse`` and ``UmpMessage``
take words back apart into typed messages::

    from tonewood.midi import ump
    words = ump.note_on(channel=0, note=60, velocity=0xC000)   # (0x40903C00, 0xC0000000)
    message = ump.UmpMessage(words)
    message.type, message.velocity                                # ("note_on", 49152)
    message.to_midi1()                                            # [Message note_on ... velocity=96]

Every message of the UMP specification has a builder named like its type: utility (``noop``,
``jr_clock``, ``jr_timestamp``, ``delta_clockstamp_tpqn``, ``delta_clockstamp``), system
(``clock``, ``song_position``, ...), MIDI 1.0 channel voice (``midi1_note_on``, ...), ``sysex7``,
MIDI 2.0 channel voice (``note_on``, ``control_change``, ``registered_controller``,
``per_note_pitch_bend``, ...), ``sysex8``, mixed data sets, flex data (``set_tempo``,
``metadata_text``, ...) and UMP stream messages (``endpoint_discovery``, ``function_block_info``,
...). ``MESSAGE_TYPES`` lists them with their fields and ranges. Values are the wire's:
unsigned, pitch bends centred at 0x2000 (14-bit) or 0x80000000 (32-bit).

Translation follows the specification's default rules (min-centre-max scaling, bank select +
program change, RPN/NRPN): ``Message.to_midi2()``, ``UmpMessage.to_midi1()``, and the stateful
``Midi1ToMidi2`` / ``Midi2ToMidi1`` for streams.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tonewood import _tonewood
from tonewood.errors import InvalidArgumentError

Words = tuple[int, ...]

# Fields a builder fills with 0 when they are not given; the others must be named.
_OPTIONAL_FIELDS = {
    "group", "channel", "format", "address", "attribute_type", "attribute", "bank_valid", "bank_msb",
    "bank_lsb", "stream_id", "detach", "reset", "receive_jr", "transmit_jr", "filter", "mds_id",
}  # fmt: skip


@dataclass(frozen=True)
class FieldInfo:
    name: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class MessageTypeInfo:
    """One message of the catalogue: ``payload`` is "none", "data" (bytes, ``payload_bytes`` a
    packet, 7-bit for SysEx7) or "text"."""

    name: str
    summary: str
    message_type: int
    words: int
    fields: tuple[FieldInfo, ...]
    payload: str
    payload_bytes: int
    bits_per_byte: int


MESSAGE_TYPES: dict[str, MessageTypeInfo] = {
    row[0]: MessageTypeInfo(row[0], row[1], row[2], row[3], tuple(FieldInfo(*f) for f in row[4]), row[5], row[6],
                            row[7])
    for row in _tonewood.ump_catalogue()
}


def _as_words(words: Any) -> list[int]:
    if isinstance(words, UmpMessage):
        return list(words.words)
    if isinstance(words, int):
        return [words]
    return [int(w) for w in words]


class UmpMessage:
    """One packet, decoded: ``type`` ("note_on", ..., or "unknown"), each field as an attribute
    (``.group``, ``.note``, ``.velocity`` ...), ``fields`` as a dict, ``data`` (payload bytes) and
    ``text`` for text messages. Equal when the words are equal."""

    __slots__ = ("words", "type", "fields", "data")

    def __init__(self, words: Sequence[int] | int) -> None:
        self.words: Words = tuple(_as_words(words))
        name, fields, data = _tonewood.ump_decode(list(self.words))
        self.type: str = name if name is not None else "unknown"
        self.fields: dict[str, int] = fields
        self.data: bytes = data

    def __getattr__(self, name: str) -> int:
        fields = object.__getattribute__(self, "fields")
        if name in fields:
            return fields[name]
        raise AttributeError(f"{object.__getattribute__(self, 'type')} has no field '{name}'")

    @property
    def message_type(self) -> int:
        return self.words[0] >> 28

    @property
    def text(self) -> str:
        if self.type not in MESSAGE_TYPES or MESSAGE_TYPES[self.type].payload != "text":
            raise InvalidArgumentError(f"{self.type} carries no text")
        return self.data.decode("utf-8", errors="replace")

    @property
    def problem(self) -> str | None:
        """What makes the packet invalid (reserved type or bits, field out of range), or None."""
        return _tonewood.ump_problem(list(self.words))

    @property
    def is_valid(self) -> bool:
        return self.problem is None

    def validate(self) -> UmpMessage:
        """Raises InvalidArgumentError naming the problem; returns the message when valid."""
        problem = self.problem
        if problem is not None:
            raise InvalidArgumentError(f"invalid UMP packet: {problem}")
        return self

    def to_midi1(self) -> list[Any]:
        """The MIDI 1.0 messages this packet translates to (none for MIDI 2.0-only messages;
        bank program changes and registered controllers give several)."""
        return Midi2ToMidi1().translate(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UmpMessage) and other.words == self.words

    def __hash__(self) -> int:
        return hash(self.words)

    def __repr__(self) -> str:
        return f"<UmpMessage {_tonewood.ump_describe(list(self.words))}>"


def parse(words: Iterable[int | Sequence[int]]) -> list[UmpMessage]:
    """Splits a stream of 32-bit words (or of packets, as the builders return them) into
    messages; raises InvalidArgumentError when the last packet is cut off."""
    flat: list[int] = []
    for item in words:
        flat.extend(_as_words(item))
    return [UmpMessage(packet) for packet in _tonewood.ump_split(flat)]


def encode(name: str, data: bytes | str = b"", **fields: int) -> Words:
    """The words of message ``name`` with the given fields (missing ones are 0) and payload."""
    info = MESSAGE_TYPES.get(name)
    if info is None:
        _tonewood.ump_encode(name, [], b"")  # raises with close names
        raise AssertionError
    known = {f.name for f in info.fields}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise InvalidArgumentError(f"{name} has no field {', '.join(unknown)} (fields: {', '.join(sorted(known))})")
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return _tonewood.ump_encode(name, [int(fields.get(f.name, 0)) for f in info.fields], payload)


def _builder(info: MessageTypeInfo):
    def build(**kwargs: Any) -> Words:
        signature.bind(**kwargs)  # a TypeError names a missing or unknown argument
        if info.name == "program_change" and ("bank_msb" in kwargs or "bank_lsb" in kwargs):
            kwargs.setdefault("bank_valid", 1)
        data = kwargs.pop("text", kwargs.pop("data", b""))
        return encode(info.name, data, **kwargs)

    parameters = []
    for f in info.fields:
        default = 0 if f.name in _OPTIONAL_FIELDS else inspect.Parameter.empty
        parameters.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=int))
    if info.payload != "none":
        kind = "text" if info.payload == "text" else "data"
        annotation = str if kind == "text" else bytes
        parameters.append(inspect.Parameter(kind, inspect.Parameter.KEYWORD_ONLY, default=annotation(),
                                            annotation=annotation))
    signature = inspect.Signature(parameters, return_annotation=Words)
    build.__signature__ = signature  # type: ignore[attr-defined]
    build.__name__ = build.__qualname__ = info.name
    ranges = ", ".join(f"{f.name} {f.minimum}..{f.maximum}" for f in info.fields)
    payload = "" if info.payload == "none" else f"; up to {info.payload_bytes} {info.payload} bytes"
    build.__doc__ = f"{info.summary[0].upper()}{info.summary[1:]}: {info.words} word(s); {ranges}{payload}."
    return build


for _info in MESSAGE_TYPES.values():
    globals()[_info.name] = _builder(_info)


def sysex7_packets(data: bytes, group: int = 0) -> list[Words]:
    """A SysEx payload (without 0xF0/0xF7) as SysEx7 packets: complete, or start/continue/end."""
    return _tonewood.ump_sysex7_packets(bytes(data), group)


def text_packets(name: str, text: str, **fields: int) -> list[Words]:
    """A text longer than one packet holds (endpoint_name, product_instance_id,
    function_block_name, metadata_text, performance_text) as complete or start/continue/end
    packets, UTF-8 encoded."""
    info = MESSAGE_TYPES.get(name)
    if info is None or info.payload != "text":
        texts = ", ".join(n for n, i in MESSAGE_TYPES.items() if i.payload == "text")
        raise InvalidArgumentError(f"{name!r} is not a text message ({texts})")
    raw = text.encode("utf-8")
    size = info.payload_bytes
    chunks = [raw[i : i + size] for i in range(0, len(raw), size)] or [b""]
    packets = []
    for index, chunk in enumerate(chunks):
        first, last = index == 0, index == len(chunks) - 1
        form = 0 if first and last else 1 if first else 3 if last else 2
        packets.append(encode(name, chunk, **{**fields, "format": form}))
    return packets


def join_text(messages: Iterable[UmpMessage]) -> str:
    """The text carried by a run of text packets (complete or start ... end)."""
    return b"".join(m.data for m in messages).decode("utf-8")


def scale_up(value: int, source_bits: int, target_bits: int) -> int:
    """Min-centre-max upscaling (7-bit 64 -> 16-bit 0x8000, 127 -> 0xFFFF)."""
    return _tonewood.ump_scale_up(value, source_bits, target_bits)


def scale_down(value: int, source_bits: int, target_bits: int) -> int:
    """Downscaling by shifting; inverts scale_up exactly."""
    return _tonewood.ump_scale_down(value, source_bits, target_bits)


class Midi1ToMidi2:
    """MIDI 1.0 messages -> MIDI 2.0 packets for one group, with the state the translation needs
    (bank select before a program change, the RPN/NRPN a data entry belongs to)."""

    def __init__(self, group: int = 0) -> None:
        self._native = _tonewood.Midi1ToMidi2(group)

    def translate(self, message: Any) -> list[UmpMessage]:
        return [UmpMessage(words) for words in self._native.translate(message)]

    def reset(self) -> None:
        self._native.reset()


class Midi2ToMidi1:
    """UMP packets -> MIDI 1.0 messages; joins SysEx7 packets into one SysEx message."""

    def __init__(self, max_sysex_bytes: int = 1 << 20) -> None:
        self._native = _tonewood.Midi2ToMidi1(max_sysex_bytes)

    def translate(self, message: UmpMessage | Sequence[int] | int) -> list[Any]:
        return self._native.translate(_as_words(message))

    @property
    def dropped_sysex(self) -> int:
        return self._native.dropped_sysex


def _message_to_midi2(self: Any, group: int = 0) -> list[UmpMessage]:
    """This MIDI 1.0 message as MIDI 2.0 UMP messages (SysEx as SysEx7 packets)."""
    return Midi1ToMidi2(group).translate(self)


_tonewood.Message.to_midi2 = _message_to_midi2
