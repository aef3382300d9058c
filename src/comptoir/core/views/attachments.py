"""Work in progress: being written."""
from django.http import HttpResponse

def _todo(request, *args, **kwargs):
    return HttpResponse("todo")

attachment_add = attachment_download = attachment_delete = _todo
