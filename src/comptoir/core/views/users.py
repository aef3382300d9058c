"""Work in progress: being written."""
from django.http import HttpResponse

def _todo(request, *args, **kwargs):
    return HttpResponse("todo")

user_list = user_create = user_detail = user_edit = profile = _todo
