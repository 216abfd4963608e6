from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lms.home.selectors import my_info_for


@login_required
def my_info(request):
    return render(request, "home/my_info.html", my_info_for(request.user))
