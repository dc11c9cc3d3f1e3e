"""Infrastructure that knows nothing of newspapers: the process pool and stage timer
(``parallel``), the on-disk result cache keyed by input and code fingerprint (``cache``), the one
writer of the output folder (``writer``) and the checks on the folders a build may use
(``paths``). Functions and values in, files and results out; it imports no other package.
"""
