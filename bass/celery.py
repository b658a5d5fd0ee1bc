import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bass.settings")

app = Celery("bass")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
