"""Reporting for the interop checks: one `PASS name` or `FAIL name: why (where)` line per
check, so that `cargo xtask interop` can count them and a failure says what and where."""

import asyncio
import os
import sys
import traceback

# No check waits longer than this; a hang is reported as a failure, never waited out.
CHECK_TIMEOUT = 20.0

_HERE = os.path.dirname(os.path.abspath(__file__))


class CheckFailed(AssertionError):
    """An expectation that did not hold; its message says what was expected and found."""


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def expect_eq(actual, expected, what):
    if actual != expected:
        raise CheckFailed(f'{what}: expected {expected!r}, got {actual!r}')


def _where(error):
    """The innermost line of the check scripts (not this file) that the error passed through."""
    frames = [
        f
        for f in traceback.extract_tb(error.__traceback__)
        if f.filename.startswith(_HERE) and f.filename != os.path.abspath(__file__)
    ]
    if not frames:
        return 'outside the interop scripts'
    frame = frames[-1]
    return f'{os.path.basename(frame.filename)}:{frame.lineno}'


class Checks:
    """Runs checks one after another and counts the outcomes."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    async def run(self, name, check, *args):
        try:
            await asyncio.wait_for(check(*args), CHECK_TIMEOUT)
        except CheckFailed as e:
            self._fail(name, f'{e} ({_where(e)})')
        except asyncio.TimeoutError:
            self._fail(name, f'no answer within {CHECK_TIMEOUT:.0f} s')
        except Exception as e:  # noqa: BLE001 - any error of the SDK is a failed check
            self._fail(name, f'{type(e).__name__}: {e!r} ({_where(e)})')
        else:
            self.passed += 1
            print(f'PASS {name}', flush=True)

    def _fail(self, name, why):
        self.failed += 1
        print(f'FAIL {name}: {why}', flush=True)

    def exit(self):
        """Ends the script: non-zero when a check failed (the caller prints the totals)."""
        sys.exit(1 if self.failed else 0)
