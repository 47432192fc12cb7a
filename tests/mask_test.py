from __future__ import annotations

import pytest

from bootstrap.mask import is_config
from bootstrap.mask import mask


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


@pytest.mark.parametrize(
    ('text', 'expected'),
    (
        ('"OPENAI_API_KEY": "sk-live"', '"OPENAI_API_KEY": "***"'),
        ('"X-Api-Key" = "abc"', '"X-Api-Key" = "***"'),
        ('token = "x1"', 'token = "***"'),
        ('PGPASSWORD=pw', 'PGPASSWORD=***'),
        ('Authorization: Bearer x', 'Authorization: Bearer ***'),
        ('  "Authorization": "Basic dXNlcjpwYXNz",', None),
        ('env = { A = "1", DB_PASSWORD = "pw" }', None),
        # names of variables, references, and keys that only look alike
        ('bearer_token_env_var = "GITHUB_TOKEN"', ''),
        ('env_vars = ["GITHUB_TOKEN"]', ''),
        ('env_http_headers = { "X-Api-Key" = "API_KEY" }', ''),
        ('"GITHUB_TOKEN": "$GITHUB_TOKEN"', ''),
        ('"GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}"', ''),
        ('"tokenUrl": "https://x/token"', ''),
        ('"max_tokens": 1024', ''),
        ('"session": "abc"', ''),
        ('"author": "me"', ''),
        ('"apiKey": {', ''),
        ('"password": true,', ''),
    ),
)
def test_mask_config_line(text, expected):
    if expected is None:
        expected = text.replace('dXNlcjpwYXNz', '***').replace('"pw"', '"***"')
    assert mask(text) == (expected or text)


@pytest.mark.parametrize(
    'text',
    (
        '### Basic Operations',
        '### Basic Authentication Setup',
        'var session = client.beta().sessions().create(params);',
        'const API_KEY = process.env.API_KEY;',
        'password: hunter2',
        'export TOKEN=abc123',
        'OAuth 2 Bearer tokens, optional API key',
        'curl -H "Authorization: Bearer $TOKEN"',
        'Authorization: Bearer YOUR_TOKEN_HERE',
    ),
)
def test_prose_is_left_alone(text):
    assert mask(text, config=False) == text


@pytest.mark.parametrize(
    ('text', 'expected'),
    (
        ('run sk-ant-' + 'a' * 30 + ' now', 'run *** now'),
        ('use ghp_' + 'x1' * 15, 'use ***'),
        ('AKIA' + 'ABCDEFGHIJ012345', '***'),
        ('xoxb-1234-5678-abcdefgh', '***'),
        ('-H "Authorization: Bearer a1b2c3d4e5f6g7h8i9"', None),
    ),
)
def test_tokens_of_a_known_shape_are_masked_anywhere(text, expected):
    if expected is None:
        expected = text.replace('a1b2c3d4e5f6g7h8i9', '***')
    assert mask(text, config=False) == expected


def test_toml_context():
    """Codex's tables of header -> variable name, and multi-line strings
    (agent prompts): no secrets there, only names and prose."""
    text = (
        '[mcp_servers.gh.env_http_headers]\n'
        '"X-Api-Key" = "API_KEY"\n'
        '[mcp_servers.gh.env]\n'
        'GITHUB_TOKEN = "ghp_x"\n'
        'developer_instructions = """\n'
        'password = hunter2 is a bad example\n'
        '"""\n'
        'api_key = "k"\n'
    )
    assert mask(text).splitlines() == [
        '[mcp_servers.gh.env_http_headers]',
        '"X-Api-Key" = "API_KEY"',
        '[mcp_servers.gh.env]',
        'GITHUB_TOKEN = "***"',
        'developer_instructions = """',
        'password = hunter2 is a bad example',
        '"""',
        'api_key = "***"',
    ]


@pytest.mark.parametrize(
    ('path', 'expected'),
    (
        ('/h/.codex/config.toml', True),
        ('/h/.cursor/mcp.json', True),
        ('/p/.env.local', True),
        ('/p/.cursor/skills/x/SKILL.md', False),
        ('/p/AGENTS.md', False),
    ),
)
def test_is_config(path, expected):
    assert is_config(path) is expected
