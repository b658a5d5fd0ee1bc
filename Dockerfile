FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN DEBUG=true python manage.py compilemessages --ignore=.venv -v0 \
    && DEBUG=false SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
       ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v0
RUN useradd --create-home bass && mkdir -p /app/media && chown bass /app/media
USER bass
EXPOSE 8000
CMD ["gunicorn", "bass.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
