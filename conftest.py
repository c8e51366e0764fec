# Tests run with development settings (DEBUG=1: no real secret, no HTTPS redirect); the
# Makefile sets it. Django's test runner still runs the tests themselves with DEBUG off.
import pytest

# The personas (officer, alice, bob, carol, ...) and their helpers: one module for every test.
pytest_plugins = ["jalinmitra.testing"]


@pytest.fixture(autouse=True)
def fast_password_hasher(request):
    """Real hashing is slow on purpose; tests create many users. (Not for `-p no:django` runs
    of the pure engines, which have no settings.)"""
    if request.config.pluginmanager.has_plugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_quiet_hours(request):
    """Automatic messages wait for the morning in quiet hours (21:00-07:00, the city's time):
    off in tests, so a test gives the same result at any hour of the day it runs. The
    quiet-hours tests switch them on (`settings.NOTIFICATIONS_QUIET_HOURS = True`)."""
    if request.config.pluginmanager.has_plugin("django"):
        request.getfixturevalue("settings").NOTIFICATIONS_QUIET_HOURS = False
