"""The newspaper archive generator: raw page dumps in, a static site out."""

# Bumped whenever a change alters what the build produces from the same input,
# so that cached per-page work made by older code is not reused.
CODE_VERSION = "1"
