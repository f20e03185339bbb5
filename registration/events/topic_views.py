"""The admins' list of satsingsområder: add one, change a name or the years it is valid."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.permissions import admin_required
from ..core.extensions import db
from ..models import Topic
from . import topics
from .views import bp


def _page(new: topics.TopicForm, editing: int | None = None,
          edit_form: topics.TopicForm | None = None, status: int = 200):  # noqa: ANN202
    forms = {t.id: (edit_form if t.id == editing and edit_form is not None
                    else topics.TopicForm(obj=t, prefix=f"t{t.id}"))
             for t in topics.all_topics()}
    return render_template("events/topics.html", new=new, forms=forms,
                           rows=topics.all_topics(), counts=topics.event_counts(),
                           this_year=topics.this_year()), status


@bp.route("/arrangor/satsingsomrader", methods=["GET", "POST"])
@admin_required
def topic_list():  # noqa: ANN201
    form = topics.TopicForm(prefix="new")
    if request.method == "POST":
        if form.validate_on_submit():
            assert form.name.data is not None and form.valid_from_year.data is not None
            try:
                topics.save(None, form.name.data, form.valid_from_year.data,
                            form.valid_to_year.data, current_user)
            except topics.TopicRuleError as error:
                form.name.errors = [str(error)]
            else:
                flash(_("Satsingsområdet er lagt til."), "success")
                return redirect(url_for("events.topic_list"), 303)
        return _page(form, status=422)
    return _page(form)


@bp.post("/arrangor/satsingsomrader/<int:topic_id>")
@admin_required
def topic_edit(topic_id: int):  # noqa: ANN201
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        abort(404)
    form = topics.TopicForm(prefix=f"t{topic.id}")
    if form.validate_on_submit():
        assert form.name.data is not None and form.valid_from_year.data is not None
        try:
            topics.save(topic, form.name.data, form.valid_from_year.data,
                        form.valid_to_year.data, current_user)
        except topics.TopicRuleError as error:
            form.name.errors = [str(error)]
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("events.topic_list"), 303)
    return _page(topics.TopicForm(prefix="new", formdata=None), topic.id, form, 422)
