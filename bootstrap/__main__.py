from __future__ import annotations

from bootstrap.launcher import main

raise SystemExit(main())
