"""Security headers for the portal's HTML: a strict Content-Security-Policy (no inline script, no
third-party origins), and no caching of pages that show personal data."""

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def beveiligingskoppen(get_response):
    def middleware(request):
        response = get_response(request)
        if not request.path.startswith(("/v1/", "/admin/")):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
            if request.user.is_authenticated if hasattr(request, "user") else False:
                response.headers.setdefault("Cache-Control", "no-store")
        return response

    return middleware
