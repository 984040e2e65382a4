from slsguard.cli import main

raise SystemExit(main())
