"""The Django admin asks for a second factor, like the portal's DUO roles."""

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.django_db
def test_admin_refuses_a_staff_user_without_a_verified_second_factor(client):
    beheer = get_user_model().objects.create_user("admin-zonder-otp", password="x" * 20, is_staff=True, is_superuser=True)
    client.force_login(beheer)
    r = client.get("/admin/keten/persoon/")
    assert r.status_code == 302 and "/admin/login/" in r["Location"]
