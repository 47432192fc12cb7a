from __future__ import annotations

VERSION = '0.1.0'  # also the package version (pyproject.toml)
MANIFEST_VERSION = 1
CONFIG_FILE = 'bootstrap-tools.toml'
DEFAULT_SOURCE = '.ai'
SCOPES = ('user', 'project')
KINDS = ('rules', 'agents', 'commands', 'skills', 'mcp', 'hooks')

ENV_HOME = 'BOOTSTRAP_TOOLS_HOME'
ENV_COLOR = 'BOOTSTRAP_TOOLS_COLOR'
ENV_LOCK_TIMEOUT = 'BOOTSTRAP_TOOLS_LOCK_TIMEOUT'
# test hook, a process boundary: "TOOL:STEP" makes that step raise
ENV_FAULT = 'BOOTSTRAP_TOOLS_FAULT'

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
