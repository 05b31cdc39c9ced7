def test_home_page_renders_in_each_language(client, db):
    for lang, word in [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]:
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200
        assert word in response.content.decode()
