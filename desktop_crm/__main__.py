from desktop_crm.cli import main

raise SystemExit(main())
