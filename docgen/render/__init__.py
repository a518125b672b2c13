"""Stage 2, rendering: the template context, template lookup, the sandbox, the compiled
engine over docxtpl's own preparation, and the per-script font pass.

Points down to `docgen.workspace` and `docgen.docx`.
"""
