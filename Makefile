# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOCALES := en zh_Hans
MO := $(foreach l,$(LOCALES),locales/$(l)/LC_MESSAGES/messages.mo)

.PHONY: run test setup catalogs knowledge-engine extract update-catalogs lint bench clean screenshots

# The token may be in the environment or in .env: the settings loader reads both.
run: setup
	$(BIN)/icpbot config check --quiet
	$(BIN)/icpbot db upgrade
	@if $(BIN)/python -c 'import sys; from bot.config import Settings; \
		sys.exit(0 if Settings.from_env().telegram_token else 1)'; \
	then exec $(BIN)/icpbot run; else exec $(BIN)/icpbot chat; fi

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

setup: $(STAMP) catalogs knowledge-engine

# The knowledge base's retrieval engine, built once into the user's cache (knowledge/
# engine_cache.py) so that the first `icpbot kb ask` does not pay for it; instant when current.
knowledge-engine: $(STAMP)
	@$(BIN)/python -c "from knowledge import KnowledgeBase; KnowledgeBase.load().warm_up()"

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

catalogs: $(MO)

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -D messages -d locales -l $* --statistics

# Translator workflow: extract the strings, merge them into both catalogs, translate, commit.
extract: $(STAMP)
	$(BIN)/pybabel extract -F pyproject.toml -o locales/messages.pot \
		--add-comments=TRANSLATORS: --sort-by-file --no-wrap \
		--project=icp-filing-assistant --copyright-holder="ICP Filing Assistant" \
		bot dialogs filing

update-catalogs: extract
	$(BIN)/pybabel update -D messages -i locales/messages.pot -d locales --no-wrap \
		--ignore-obsolete --no-fuzzy-matching
	$(BIN)/python -m bot.catalog_tools fill-english locales/en/LC_MESSAGES/messages.po

# The README's pictures of the web desk, taken by its browser tests (needs /usr/bin/chromium).
screenshots: setup
	ICPBOT_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/web/test_desk_browser.py

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(MO) .mypy_cache .ruff_cache .pytest_cache
