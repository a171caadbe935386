# ICP Filing Assistant: a small image that runs as an unprivileged user.
# Build: docker build -t icpbot .      Run: see deploy/compose.yaml and README "Deployment".

# --- build: compile the wheels and the message catalogs ----------------------------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY filing ./filing
COPY knowledge ./knowledge
COPY storage ./storage
COPY locales ./locales
RUN python -m venv /opt/icpbot \
    && /opt/icpbot/bin/pip install . babel \
    && /opt/icpbot/bin/pybabel compile -D messages -d locales \
    && cp -r locales /opt/icpbot/lib/python3.11/site-packages/locales \
    && /opt/icpbot/bin/pip uninstall -y pip

# --- runtime: the virtualenv (catalogs inside) and pg_dump for `icpbot backup` ----------------
FROM python:3.11-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/icpbot --create-home icpbot
COPY --from=build /opt/icpbot /opt/icpbot
ENV PATH=/opt/icpbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    ICPBOT_DATA_DIR=/var/lib/icpbot \
    ICPBOT_LOG_FORMAT=json
USER icpbot
WORKDIR /var/lib/icpbot
VOLUME ["/var/lib/icpbot"]
EXPOSE 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8443/healthz', timeout=3)" || exit 1
ENTRYPOINT ["icpbot"]
CMD ["run", "--webhook-url", "https://bot.example.com/telegram", "--listen", "0.0.0.0", "--port", "8443"]
