"""Content model of the tiers-lieux de formation site: loading, validating and modelling places.

Plain functions with no MkDocs dependency; the hooks in ``hooks/`` adapt them to MkDocs events.
"""
