from jalinmitra.core.selectors import city_current


def city(request):
    return {"city": city_current()}
