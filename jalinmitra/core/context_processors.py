from django.utils.functional import SimpleLazyObject

from jalinmitra.core.reference import city_shown


def city(request):
    # Pages need only the name and logo: kept per process (core.reference), read only if the
    # template asks.
    return {"city": SimpleLazyObject(city_shown)}
