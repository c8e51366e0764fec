from django.http import Http404


def import_upload(request):
    raise Http404


def import_template(request, kind, fmt):
    raise Http404


def business_export(request):
    raise Http404
