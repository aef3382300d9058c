"""Work in progress: being written."""
from django.http import HttpResponse

def _todo(request, *args, **kwargs):
    return HttpResponse("todo")

company_detail = company_edit = bank_account_list = bank_account_edit = bank_account_delete = _todo
