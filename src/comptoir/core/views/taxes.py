"""Work in progress: being written."""
from django.http import HttpResponse

def _todo(request, *args, **kwargs):
    return HttpResponse("todo")

tax_rate_list = tax_rate_edit = sequence_list = _todo
