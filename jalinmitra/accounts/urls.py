from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from jalinmitra.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.signup, name="signup"),
    path("undangan/<str:token>/", views.invitation_accept_view, name="invitation"),
    path("usaha/<int:pk>/undang/", views.business_invite, name="business_invite"),
    path(
        "lupa-sandi/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
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
