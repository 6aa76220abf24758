"""The schema, one module per version (v1.py ...): each holds one shipped migration step."""
