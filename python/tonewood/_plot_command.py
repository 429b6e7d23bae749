"""The ``tonewood plot`` command's Python half (the C++ command runs
``python -m tonewood._plot_command``): arguments in, a PNG out through tonewood.plot."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tonewood import plot
from tonewood.errors import Error


def main(argv: list[str] | None = None) -> int:
    """``tonewood plot FILE -o out.png [--kind waveform|spectrogram|spectrum]``."""
    parser = argparse.ArgumentParser(
        prog="tonewood plot", description="Save a PNG picture of an audio file."
    )
    parser.add_argument("file", help="any audio file tonewood reads")
    parser.add_argument("-o", "--output", required=True, help="the PNG to write")
    parser.add_argument("--kind", choices=plot.KINDS, default="waveform")
    parser.add_argument("--title", help="the picture's title (default: the file name)")
    parser.add_argument("--width", type=float, default=10.0, help="inches (default 10)")
    parser.add_argument("--height", type=float, help="inches (per channel for waveforms)")
    parser.add_argument("--dpi", type=int, default=100, help="pixels per inch (default 100)")
    parser.add_argument("--fft-size", type=int, help="spectrogram/spectrum FFT length")
    parser.add_argument("--log-frequency", action="store_true", help="spectrogram: log axis")
    parser.add_argument("--linear-frequency", action="store_true", help="spectrum: linear axis")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    args = parser.parse_args(argv)
    options: dict[str, Any] = {"output": args.output, "title": args.title, "width": args.width, "dpi": args.dpi}
    if args.height is not None:
        options["height"] = args.height
    if args.kind != "waveform" and args.fft_size is not None:
        options["fft_size"] = args.fft_size
    if args.kind == "spectrogram":
        options["log_frequency"] = args.log_frequency
        if not args.quiet and sys.stderr.isatty():
            options["progress"] = _show_progress
    if args.kind == "spectrum":
        options["log_frequency"] = not args.linear_frequency
    try:
        figure = getattr(plot, args.kind)(args.file, **options)
    except KeyboardInterrupt:
        # Ctrl-C: nothing half-written is left (the PNG goes through a temporary), no traceback.
        print(file=sys.stderr)
        return 130
    except (ImportError, OSError, ValueError, TypeError, Error) as e:
        print(f"tonewood plot: error: {e}", file=sys.stderr)
        return 2
    if "progress" in options:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr)
    pixels = figure.get_size_inches() * args.dpi
    print(f"wrote {args.output}: {args.kind} of {args.file}, {pixels[0]:.0f} x {pixels[1]:.0f} pixels")
    return 0


def _show_progress(fraction: float) -> None:
    print(f"\ranalysing: {100 * fraction:3.0f} %", end="", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
