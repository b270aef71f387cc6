from django.shortcuts import render


def docs(request):
    """The API's page for people: what it offers and how to read it."""
    return render(request, "api/docs.html")
