"""Stage 1, the workspace: where files are, YAML with line numbers, loading into the typed
model, the lifecycle (which documents a case is due), languages, and `docgen init`'s example.

Points down to `docgen.errors` only. Package faces stay empty: import the module you need.
"""
