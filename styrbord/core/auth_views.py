from django.contrib.auth.views import LoginView


class ThrottledLoginView(LoginView):
    """Django's login; django-axes counts failures per user name and address and locks out."""

    redirect_authenticated_user = True
