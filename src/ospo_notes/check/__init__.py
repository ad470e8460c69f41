"""`check`: look over a whole notes folder and report what is wrong, where, and the fix."""
