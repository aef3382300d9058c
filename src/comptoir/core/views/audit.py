"""Work in progress: being written."""
from django.http import HttpResponse

def _todo(request, *args, **kwargs):
    return HttpResponse("todo")

audit_list = _todo
