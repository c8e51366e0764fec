from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from jalinmitra.accounts import views, views_security
from jalinmitra.core.ratelimit import rate_limit

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.SignInView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", rate_limit("signup")(views.signup), name="signup"),
    path("keamanan/", views_security.two_factor, name="two_factor"),
    path("keamanan/pasang/", views_security.two_factor_setup, name="two_factor_setup"),
    path("keamanan/kode/", views_security.two_factor_verify, name="two_factor_verify"),
    path("keamanan/kode-pemulihan/", views_security.recovery_codes, name="recovery_codes"),
    path("keamanan/lepas/", views_security.two_factor_disable, name="two_factor_disable"),
    path("keamanan/ganti-sandi/", views_security.password_change, name="password_change"),
    path("undangan/<str:token>/", views.invitation_accept_view, name="invitation"),
    path("usaha/<int:pk>/undang/", views.business_invite, name="business_invite"),
    path(
        "lupa-sandi/",
        rate_limit("password_reset")(
            auth_views.PasswordResetView.as_view(
                success_url=reverse_lazy("accounts:password_reset_done"),
                email_template_name="registration/password_reset_email.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "sandi-baru/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "sandi-baru/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
