// The sandbox page: one Direct Line conversation per persona and place, re-created on every switch, so one person
// can play every role. The server stamps the Teams identity; the page only says who and where.
(function () {
  'use strict';
  var persona = document.getElementById('persona');
  var place = document.getElementById('place');
  var status = document.getElementById('status');
  var directLine = null;
  var generation = 0;

  async function connect() {
    var mine = ++generation;
    if (directLine) {
      directLine.end();
      directLine = null;
    }

    var host = document.createElement('div');
    host.id = 'webchat';
    document.getElementById('webchat').replaceWith(host);
    document.body.removeAttribute('data-ready');
    status.textContent = 'Connecting…';

    var userId = '29:' + persona.value;
    var response = await fetch('v3/directline/tokens/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId }, place: place.value })
    });
    if (mine !== generation) { return; }
    if (!response.ok) {
      status.textContent = 'Could not start the conversation (' + response.status + ').';
      return;
    }

    var conversation = await response.json();
    directLine = window.WebChat.createDirectLine({
      token: conversation.token,
      domain: new URL('v3/directline', document.baseURI).href,
      webSocket: false,
      pollingInterval: 500
    });
    window.WebChat.renderWebChat({
      directLine: directLine,
      userID: userId,
      username: persona.selectedOptions[0].dataset.name,
      locale: 'en-US',
      styleOptions: { hideUploadButton: true, botAvatarInitials: 'OB', userAvatarInitials: persona.value.slice(0, 2).toUpperCase() }
    }, host);
    var ready = persona.value + '/' + place.value;
    var label = persona.selectedOptions[0].text + ' — ' + place.selectedOptions[0].text;
    directLine.connectionStatus$.subscribe(function (connection) {
      // 2 is Online: the conversation is started and messages typed now are delivered.
      if (mine === generation && connection === 2) {
        status.textContent = label;
        document.body.setAttribute('data-ready', ready);
      }
    });
  }

  persona.addEventListener('change', connect);
  place.addEventListener('change', connect);
  connect();
})();
