from __future__ import annotations

import pytest

from bootstrap.secret import mask


@pytest.mark.parametrize(
    ('text', 'expected'),
    (
        ('"GITHUB_TOKEN": "ghp_x1",', '"GITHUB_TOKEN": "***",'),
        (
            '"GITHUB_TOKEN": "${GITHUB_TOKEN}"',
            '"GITHUB_TOKEN": "${GITHUB_TOKEN}"',
        ),
        ('"X_API_KEY": "{env:X_API_KEY}"', '"X_API_KEY": "{env:X_API_KEY}"'),
        ('"Authorization": "Bearer abc.def"', '"Authorization": "Bearer ***"'),
        (
            '"Authorization": "Bearer ${env:T}"',
            '"Authorization": "Bearer ${env:T}"',
        ),
        ('api_key = "s3cr3t"', 'api_key = "***"'),
        ('password: hunter2', 'password: ***'),
        ('run sk-ant-' + 'a' * 30 + ' now', 'run *** now'),
        ('"maxTokens": 5', '"maxTokens": 5'),
        ('"command": "npx"', '"command": "npx"'),
        (
            'description: use auth tokens wisely',
            'description: use auth tokens wisely',
        ),
    ),
)
def test_mask(text, expected):
    assert mask(text) == expected
