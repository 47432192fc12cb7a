from __future__ import annotations

import pytest

from bootstrap.error_handler import error_handler
from bootstrap.errors import FatalError
from bootstrap.errors import UsageError


@pytest.mark.parametrize(
    ('exc', 'code', 'text'),
    [
        (
            FatalError('x.json: broken -- fix it'),
            1,
            'bootstrap-tools: error: x.json: broken -- fix it\n',
        ),
        (UsageError('bad flag'), 2, 'bootstrap-tools: error: bad flag\n'),
        (
            UsageError('a:1: one\na:3: two'),
            2,
            'bootstrap-tools: error: a:1: one\n'
            'bootstrap-tools: error: a:3: two\n',
        ),
        (KeyboardInterrupt(), 130, 'interrupted (^C)'),
        (ZeroDivisionError('boom'), 3, 'please report this'),
    ],
)
def test_exit_codes(capsys, exc, code, text):
    with pytest.raises(SystemExit) as e:
        with error_handler():
            raise exc
    assert e.value.code == code
    assert text in capsys.readouterr().err


def test_no_error():
    with error_handler():
        pass
