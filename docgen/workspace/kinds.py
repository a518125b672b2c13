"""The ids of the document kinds docgen makes, in the order of the steps that produce them.

The ids are part of the workspace format (waivers and `--doc` name them), so the model and
the command line read them here, without the rest of the lifecycle; `lifecycle` says what
each kind is and when it is due (a test keeps the two in step).
"""

KIND_IDS: tuple[str, ...] = (
    "research-brief",
    "letter-of-introduction",
    "inquiry-response",
    "request-form",
    "tentative-agreement",
    "mou",
    "mou-partner",
    "resolution",
    "sci-registration",
)
