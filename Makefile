.PHONY: run test

# Set up a fresh clone and serve the portal on http://127.0.0.1:8000/
run:
	bash scripts/run

# Lint, migrations check, pytest on PostgreSQL and a quick-start smoke test
test:
	bash scripts/test
