"""Reply templates, one YAML file per language."""
