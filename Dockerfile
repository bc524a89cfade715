# One image for every role: api, worker, beat and the one-shot migrate job.
FROM python:3.11-slim

# Production unless told otherwise: a container started without O2O_ENVIRONMENT must
# refuse the public dev secrets, the offline gateway and the dev login, not run on them.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    O2O_DATA_DIR=/var/lib/o2o \
    O2O_ENVIRONMENT=production

WORKDIR /app
RUN useradd --system --create-home --home-dir /var/lib/o2o o2o
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY server ./server
COPY mini_program_api ./mini_program_api
COPY tablet_api ./tablet_api
COPY manager_api ./manager_api
COPY orders ./orders
COPY inventory ./inventory
COPY stores ./stores
COPY services ./services
COPY migrations ./migrations
COPY alembic.ini ./
# The same hash-checked pins as `make install` and CI (the dev tools come along: one lock).
RUN pip install --require-hashes --no-deps -r requirements/lock.txt \
 && pip install --no-deps --no-build-isolation .
USER o2o
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["o2o", "serve", "--host", "0.0.0.0"]
