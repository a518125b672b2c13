"""Review, above the build: word diffs of document text, redlines with tracked changes,
approved copies, and the review page that compares outputs with their approvals.
"""
