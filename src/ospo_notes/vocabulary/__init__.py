"""The theme and speaker vocabularies: how names fold into one another. Pure rules.

`themes.toml` and `speakers.toml` are read and written by `store` (`themes_file`,
`speakers_file`); the git merge of those files is in `team`.
"""
