"""Work in progress: being written."""
from django.http import HttpResponse

def _todo(request, *args, **kwargs):
    return HttpResponse("todo")

task_list = task_progress = audit_export_start = task_download = _todo
