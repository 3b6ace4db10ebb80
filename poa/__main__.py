import sys

from poa.cli import main

sys.exit(main())
