"""The buyer's replies move from EnquiryReply into the enquiry's notifications thread, as
guest messages (one store for a conversation); then EnquiryReply goes."""

from django.db import migrations


def replies_to_messages(apps, schema_editor):
    EnquiryReply = apps.get_model("catalogue", "EnquiryReply")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Thread = apps.get_model("notifications", "Thread")
    Message = apps.get_model("notifications", "Message")
    replies = EnquiryReply.objects.select_related("enquiry").order_by("created_at", "id")
    if not replies.exists():
        return
    content_type, _created = ContentType.objects.get_or_create(
        app_label="catalogue", model="enquiry"
    )
    threads = {}
    for reply in replies.iterator():
        thread = threads.get(reply.enquiry_id)
        if thread is None:
            thread, _created = Thread.objects.get_or_create(
                content_type=content_type, object_id=reply.enquiry_id
            )
            threads[reply.enquiry_id] = thread
        message = Message.objects.create(
            thread=thread,
            by_guest=True,
            guest_name=reply.enquiry.name[:100],
            guest_key=reply.client_key,
            body=reply.body,
        )
        # created_at is auto_now_add: the reply's own time is written afterwards.
        Message.objects.filter(pk=message.pk).update(created_at=reply.created_at)


def messages_to_replies(apps, schema_editor):
    EnquiryReply = apps.get_model("catalogue", "EnquiryReply")
    Enquiry = apps.get_model("catalogue", "Enquiry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Message = apps.get_model("notifications", "Message")
    content_type = ContentType.objects.filter(app_label="catalogue", model="enquiry").first()
    if content_type is None:
        return
    guests = Message.objects.filter(by_guest=True, thread__content_type=content_type)
    existing = set(Enquiry.objects.values_list("pk", flat=True))
    for message in guests.select_related("thread").order_by("created_at", "pk"):
        if message.thread.object_id not in existing:
            continue
        reply = EnquiryReply.objects.create(
            enquiry_id=message.thread.object_id, body=message.body, client_key=message.guest_key
        )
        EnquiryReply.objects.filter(pk=reply.pk).update(created_at=message.created_at)
    guests.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_enquiry_thread"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0005_message_guest"),
    ]

    operations = [
        migrations.RunPython(replies_to_messages, messages_to_replies),
        migrations.DeleteModel(name="EnquiryReply"),
    ]
