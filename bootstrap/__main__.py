from __future__ import annotations

from bootstrap.main import main

raise SystemExit(main())
