from django.utils.functional import SimpleLazyObject

from jalinmitra.core.models import City


def city(request):
    # Pages need only the name and logo: one query, made only if the template asks.
    return {"city": SimpleLazyObject(lambda: City.objects.select_related("region").first())}
