"""poa: write a Plan of Action for a suspended marketplace seller, offline."""

__version__ = "0.1.0"
