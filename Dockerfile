# One image for the api, ui, worker and migrate services of docker-compose.yml.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY agent agent
COPY tools tools
COPY prompts prompts
COPY api api
COPY review_ui review_ui
COPY evals evals
COPY cli cli
RUN pip install --no-cache-dir .
RUN useradd --create-home arcopilot && mkdir -p /data/outbox && chown -R arcopilot /data
USER arcopilot
ENV OUTBOX_DIR=/data/outbox
