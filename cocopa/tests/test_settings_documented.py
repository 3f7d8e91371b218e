"""Every environment variable the settings read is explained in .env.example and README's table,
so an operator never has to read settings.py to find a switch."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def variables_read() -> set[str]:
    source = (ROOT / "cocopa" / "settings.py").read_text()
    return set(re.findall(r"(?:env(?:_bool)?\(|os\.environ\.get\()\"([A-Z0-9_]+)\"", source))


def test_the_settings_read_variables():
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_HOST", "COCOPA_MAX_IMPORT_MB"} <= variables_read()


def test_every_variable_is_in_env_example_and_the_readme():
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    assert sorted(v for v in variables_read() if f"{v}=" not in example) == []
    assert sorted(v for v in variables_read() if f"`{v}`" not in readme) == []
