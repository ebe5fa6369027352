<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ErrorText</name>
    <message>
        <source>The user name or password is wrong, or the session has ended. Please sign in again.</source>
        <translation>Benutzername oder Passwort sind falsch, oder die Sitzung ist beendet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The server at %1 cannot be reached. Check the address and your network connection.</source>
        <extracomment>%1 is the server&apos;s address, host:port.</extracomment>
        <translation>Der Server unter %1 ist nicht erreichbar. Prüfen Sie die Adresse und Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>Too many attempts in a short time. Please wait a minute and try again.</source>
        <translation>Zu viele Versuche in kurzer Zeit. Bitte warten Sie eine Minute und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>This is not allowed: %1</source>
        <extracomment>%1 is the server&apos;s explanation.</extracomment>
        <translation>Das ist nicht erlaubt: %1</translation>
    </message>
    <message>
        <source>The server says: %1</source>
        <extracomment>%1 is the server&apos;s explanation, in English.</extracomment>
        <translation>Der Server meldet: %1</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <extracomment>%1 is a technical explanation, in English.</extracomment>
        <translation>Etwas ist schiefgegangen: %1</translation>
    </message>
</context>
<context>
    <name>NotificationText</name>
    <message>
        <source>%1 followed you</source>
        <translation>%1 folgt dir jetzt</translation>
    </message>
    <message>
        <source>%1 and one other followed you</source>
        <translation>%1 und eine weitere Person folgen dir jetzt</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n others followed you</source>
        <translation>
            <numerusform>%1 und %n weitere Person folgen dir jetzt</numerusform>
            <numerusform>%1 und %n weitere Personen folgen dir jetzt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 liked your post</source>
        <translation>%1 gefällt dein Beitrag</translation>
    </message>
    <message>
        <source>%1 and one other liked your post</source>
        <translation>%1 und einer weiteren Person gefällt dein Beitrag</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n others liked your post</source>
        <translation>
            <numerusform>%1 und %n weiteren Person gefällt dein Beitrag</numerusform>
            <numerusform>%1 und %n weiteren Personen gefällt dein Beitrag</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 commented on your post</source>
        <translation>%1 hat deinen Beitrag kommentiert</translation>
    </message>
    <message>
        <source>%1 and one other commented on your post</source>
        <translation>%1 und eine weitere Person haben deinen Beitrag kommentiert</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n others commented on your post</source>
        <translation>
            <numerusform>%1 und %n weitere Person haben deinen Beitrag kommentiert</numerusform>
            <numerusform>%1 und %n weitere Personen haben deinen Beitrag kommentiert</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 replied to your comment</source>
        <translation>%1 hat auf deinen Kommentar geantwortet</translation>
    </message>
    <message>
        <source>%1 and one other replied to your comment</source>
        <translation>%1 und eine weitere Person haben auf deinen Kommentar geantwortet</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n others replied to your comment</source>
        <translation>
            <numerusform>%1 und %n weitere Person haben auf deinen Kommentar geantwortet</numerusform>
            <numerusform>%1 und %n weitere Personen haben auf deinen Kommentar geantwortet</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 mentioned you in a comment</source>
        <translation>%1 hat dich in einem Kommentar erwähnt</translation>
    </message>
    <message>
        <source>%1 mentioned you</source>
        <translation>%1 hat dich erwähnt</translation>
    </message>
    <message>
        <source>New activity from %1</source>
        <extracomment>A notification of a kind this version of the app does not know; %1 is who.</extracomment>
        <translation>Neues von %1</translation>
    </message>
    <message>
        <source>Someone</source>
        <extracomment>Who did something, when the account is gone or its name unknown.</extracomment>
        <translation>Jemand</translation>
    </message>
    <message>
        <source>One more notification</source>
        <translation>Eine weitere Benachrichtigung</translation>
    </message>
    <message numerus="yes">
        <source>%n more notifications</source>
        <translation>
            <numerusform>%n weitere Benachrichtigung</numerusform>
            <numerusform>%n weitere Benachrichtigungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PendingActions</name>
    <message>
        <source>An earlier change to this failed: %1</source>
        <translation>Eine frühere Änderung daran ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>An attached image could not be uploaded: %1</source>
        <translation>Ein angehängtes Bild konnte nicht hochgeladen werden: %1</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>now</source>
        <extracomment>A post&apos;s time: less than a minute ago.</extracomment>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>%1 min</source>
        <extracomment>A post&apos;s time: %1 minutes ago, short form.</extracomment>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 h</source>
        <extracomment>A post&apos;s time: %1 hours ago, short form.</extracomment>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <source>%1 d</source>
        <extracomment>A post&apos;s time: %1 days ago, short form.</extracomment>
        <translation>%1 T.</translation>
    </message>
    <message>
        <source>d MMM</source>
        <extracomment>A post&apos;s date within this year, e.g. &quot;25 Nov&quot; (QLocale date format).</extracomment>
        <translation>d. MMM</translation>
    </message>
</context>
<context>
    <name>ServerAddress</name>
    <message>
        <source>the port is missing; write host:port, for example 127.0.0.1:50051</source>
        <translation>der Port fehlt; schreiben Sie host:port, zum Beispiel 127.0.0.1:50051</translation>
    </message>
    <message>
        <source>the address is empty</source>
        <translation>die Adresse ist leer</translation>
    </message>
    <message>
        <source>the &quot;[&quot; of an IPv6 address has no closing &quot;]&quot;</source>
        <translation>die IPv6-Adresse hat ein „[“ ohne schließendes „]“</translation>
    </message>
    <message>
        <source>the host is missing; write host:port, for example 127.0.0.1:50051</source>
        <translation>der Host fehlt; schreiben Sie host:port, zum Beispiel 127.0.0.1:50051</translation>
    </message>
    <message>
        <source>an IPv6 address needs brackets, as in [::1]:50051</source>
        <translation>eine IPv6-Adresse gehört in eckige Klammern, wie in [::1]:50051</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid IPv6 address</source>
        <translation>„%1“ ist keine gültige IPv6-Adresse</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid host name or IPv4 address</source>
        <translation>„%1“ ist weder ein gültiger Hostname noch eine gültige IPv4-Adresse</translation>
    </message>
    <message>
        <source>the port must be a number from 1 to 65535</source>
        <translation>der Port muss eine Zahl von 1 bis 65535 sein</translation>
    </message>
    <message>
        <source>the option --%1</source>
        <extracomment>Follows &quot;from&quot; in &quot;Ignoring the server address ... from %2&quot;. %1 is the option name, server.</extracomment>
        <translation>der Option --%1</translation>
    </message>
    <message>
        <source>the environment variable %1</source>
        <extracomment>Follows &quot;from&quot; in &quot;Ignoring the server address ... from %2&quot;. %1 is DEVCOLL_SERVER.</extracomment>
        <translation>der Umgebungsvariable %1</translation>
    </message>
    <message>
        <source>the setting %1</source>
        <extracomment>Follows &quot;from&quot; in &quot;Ignoring the server address ... from %2&quot;. %1 is the settings key, server/address.</extracomment>
        <translation>der Einstellung %1</translation>
    </message>
    <message>
        <source>the default</source>
        <extracomment>Follows &quot;from&quot; in &quot;Using the server at %1 from %2&quot;.</extracomment>
        <translation>der Voreinstellung</translation>
    </message>
    <message>
        <source>Talk to the devcoll server at &lt;host:port&gt;, for example 127.0.0.1:50051 or [::1]:50051. Without it: the environment variable %1, else the setting %2, else %3.</source>
        <translation>Mit dem devcoll-Server unter &lt;host:port&gt; kommunizieren, zum Beispiel 127.0.0.1:50051 oder [::1]:50051. Ohne diese Option: die Umgebungsvariable %1, sonst die Einstellung %2, sonst %3.</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>host:port</translation>
    </message>
    <message>
        <source>Ignoring the server address &quot;%1&quot; from %2: %3.</source>
        <translation>Die Serveradresse „%1“ aus %2 wird ignoriert: %3.</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Not syncing</source>
        <translation>Keine Synchronisation</translation>
    </message>
    <message>
        <source>Offline - changes waiting to be sent: %1</source>
        <translation>Offline - Änderungen, die auf das Senden warten: %1</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Syncing - changes to send: %1</source>
        <translation>Synchronisiert - zu sendende Änderungen: %1</translation>
    </message>
    <message>
        <source>Syncing</source>
        <translation>Synchronisiert</translation>
    </message>
    <message>
        <source>, %1 items downloaded</source>
        <extracomment>%1 is how many posts, profiles and other items have been downloaded so far.</extracomment>
        <translation>, %1 Einträge heruntergeladen</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Auf dem neuesten Stand</translation>
    </message>
    <message>
        <source> - last synced %1</source>
        <extracomment>%1 is a time of day or a date and time.</extracomment>
        <translation> - zuletzt synchronisiert %1</translation>
    </message>
    <message>
        <source> - changes needing your attention: %1</source>
        <extracomment>%1 is how many of the user&apos;s changes failed or are in conflict.</extracomment>
        <translation> - Änderungen, die Ihre Aufmerksamkeit brauchen: %1</translation>
    </message>
</context>
<context>
    <name>UserActions</name>
    <message>
        <source>Please check your input: %1</source>
        <extracomment>%1 explains what is wrong with the input, in English.</extracomment>
        <translation>Bitte prüfen Sie Ihre Eingabe: %1</translation>
    </message>
    <message>
        <source>It is no longer there: %1</source>
        <translation>Das gibt es nicht mehr: %1</translation>
    </message>
    <message>
        <source>This is not allowed: %1</source>
        <translation>Das ist nicht erlaubt: %1</translation>
    </message>
    <message>
        <source>This cannot be done now: %1</source>
        <translation>Das geht gerade nicht: %1</translation>
    </message>
    <message>
        <source>Your change could not be saved on this computer: %1</source>
        <extracomment>%1 is a technical explanation, in English.</extracomment>
        <translation>Ihre Änderung konnte auf diesem Computer nicht gespeichert werden: %1</translation>
    </message>
</context>
<context>
    <name>devcoll::app::ActionIssuesDialog</name>
    <message>
        <source>Changes needing your attention</source>
        <translation>Änderungen, die Ihre Aufmerksamkeit brauchen</translation>
    </message>
    <message>
        <source>Your version</source>
        <translation>Ihre Fassung</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>Auf dem Server</translation>
    </message>
    <message>
        <source>The server&apos;s version</source>
        <translation>Die Fassung des Servers</translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation>&amp;Meine behalten</translation>
    </message>
    <message>
        <source>Send your version again, over the server&apos;s</source>
        <translation>Ihre Fassung erneut senden, über die des Servers</translation>
    </message>
    <message>
        <source>Keep the &amp;server&apos;s</source>
        <translation>Die des &amp;Servers behalten</translation>
    </message>
    <message>
        <source>Drop your change and keep the version on the server</source>
        <translation>Ihre Änderung verwerfen und die Fassung auf dem Server behalten</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Drop the change; what it did is undone on this computer</source>
        <translation>Die Änderung verwerfen; ihre Wirkung wird auf diesem Computer rückgängig gemacht</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>Neuer Beitrag</translation>
    </message>
    <message>
        <source>Edit of a post</source>
        <translation>Bearbeitung eines Beitrags</translation>
    </message>
    <message>
        <source>Deletion of a post</source>
        <translation>Löschen eines Beitrags</translation>
    </message>
    <message>
        <source>Like</source>
        <translation>Gefällt mir</translation>
    </message>
    <message>
        <source>Unlike</source>
        <translation>Gefällt mir nicht mehr</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Unfollow</source>
        <translation>Nicht mehr folgen</translation>
    </message>
    <message>
        <source>Edit of your profile</source>
        <translation>Bearbeitung Ihres Profils</translation>
    </message>
    <message>
        <source>Image upload</source>
        <translation>Bild-Upload</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>%1 - %2</source>
        <extracomment>An entry in the list of changes the server did not take: what it was, and whether it is in conflict or was refused.</extracomment>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>Nothing needs your attention: every change was taken by the server.</source>
        <translation>Nichts braucht Ihre Aufmerksamkeit: Der Server hat jede Änderung übernommen.</translation>
    </message>
    <message>
        <source>This was changed on the server (from another device, or by someone else) after you changed it here. Keep one of the two versions.</source>
        <translation>Dies wurde auf dem Server geändert (von einem anderen Gerät oder von jemand anderem), nachdem Sie es hier geändert hatten. Behalten Sie eine der beiden Fassungen.</translation>
    </message>
    <message>
        <source>The server refused this change: %1</source>
        <extracomment>%1 is the server&apos;s reason, in English.</extracomment>
        <translation>Der Server hat diese Änderung abgelehnt: %1</translation>
    </message>
    <message>
        <source>Dismissal of a report</source>
        <translation>Ablehnung einer Meldung</translation>
    </message>
    <message>
        <source>Hiding reported content</source>
        <translation>Ausblenden gemeldeter Inhalte</translation>
    </message>
    <message>
        <source>Removal of reported content</source>
        <translation>Entfernen gemeldeter Inhalte</translation>
    </message>
    <message>
        <source>Suspension of an account</source>
        <translation>Sperre eines Kontos</translation>
    </message>
    <message>
        <source>Notifications marked as read</source>
        <translation>Benachrichtigungen als gelesen markiert</translation>
    </message>
    <message>
        <source>Notification settings</source>
        <translation>Benachrichtigungseinstellungen</translation>
    </message>
</context>
<context>
    <name>devcoll::app::ActionSender</name>
    <message>
        <source>This version of devcoll cannot send this action.</source>
        <translation>Diese Version von devcoll kann diese Aktion nicht senden.</translation>
    </message>
    <message>
        <source>Another moderator acted first: %1</source>
        <extracomment>A moderator&apos;s decision made offline that another moderator&apos;s action made moot; %1 is the server&apos;s message.</extracomment>
        <translation>Jemand anderes aus der Moderation war schneller: %1</translation>
    </message>
</context>
<context>
    <name>devcoll::app::ComposerDialog</name>
    <message>
        <source>New post</source>
        <translation>Neuer Beitrag</translation>
    </message>
    <message>
        <source>Edit post</source>
        <translation>Beitrag bearbeiten</translation>
    </message>
    <message>
        <source>Post text</source>
        <translation>Text des Beitrags</translation>
    </message>
    <message>
        <source>What are you working on? Markdown works: **bold**, `code`, ```blocks```.</source>
        <translation>Woran arbeiten Sie? Markdown geht: **fett**, `Code`, ```Blöcke```.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>&amp;Schreiben</translation>
    </message>
    <message>
        <source>Pre&amp;view</source>
        <translation>&amp;Vorschau</translation>
    </message>
    <message>
        <source>Characters used</source>
        <translation>Verwendete Zeichen</translation>
    </message>
    <message>
        <source>Who can see the post</source>
        <translation>Wer den Beitrag sehen kann</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>My followers</source>
        <translation>Meine Follower</translation>
    </message>
    <message>
        <source>Attached images</source>
        <translation>Angehängte Bilder</translation>
    </message>
    <message>
        <source>&amp;Attach images...</source>
        <translation>Bilder &amp;anhängen …</translation>
    </message>
    <message>
        <source>JPEG, PNG, WebP or GIF, up to 16 MiB each, at most four</source>
        <translation>JPEG, PNG, WebP oder GIF, je bis 16 MiB, höchstens vier</translation>
    </message>
    <message>
        <source>Re&amp;move image</source>
        <translation>Bild ent&amp;fernen</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Post</source>
        <translation>&amp;Veröffentlichen</translation>
    </message>
    <message>
        <source>Saved on this computer at once, sent when online (Ctrl+Return)</source>
        <extracomment>Tool tip of the Post button; Ctrl+Return is the shortcut.</extracomment>
        <translation>Sofort auf diesem Computer gespeichert, gesendet, sobald online (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Attach images</source>
        <translation>Bilder anhängen</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.webp *.gif)</source>
        <translation>Bilder (*.jpg *.jpeg *.png *.webp *.gif)</translation>
    </message>
    <message>
        <source>A post can carry at most %1 images.</source>
        <translation>Ein Beitrag kann höchstens %1 Bilder enthalten.</translation>
    </message>
    <message>
        <source>Cannot attach %1: %2</source>
        <extracomment>%1 is a file name, %2 why it cannot be attached (in English).</extracomment>
        <translation>%1 kann nicht angehängt werden: %2</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <extracomment>The character count under the post editor: %1 used of %2 allowed.</extracomment>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>The post is too long: shorten it to %1 characters.</source>
        <translation>Der Beitrag ist zu lang: Kürzen Sie ihn auf %1 Zeichen.</translation>
    </message>
</context>
<context>
    <name>devcoll::app::DesktopNotifier</name>
    <message>
        <source>Open</source>
        <extracomment>The action of a desktop notification that opens what it is about in devcoll.</extracomment>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>devcoll</source>
        <translation>devcoll</translation>
    </message>
</context>
<context>
    <name>devcoll::app::FeedModel</name>
    <message>
        <source>Hidden by a moderator; only you see it. Reason: %1</source>
        <extracomment>The tooltip of the author&apos;s own post a moderator hid; %1 is the moderator&apos;s reason.</extracomment>
        <translation>Von der Moderation ausgeblendet; nur du siehst ihn. Begründung: %1</translation>
    </message>
</context>
<context>
    <name>devcoll::app::MainWindow</name>
    <message>
        <source>devcoll</source>
        <extracomment>The window title: the application&apos;s name.</extracomment>
        <translation>devcoll</translation>
    </message>
    <message>
        <source>devcoll will talk to the server at %1</source>
        <extracomment>%1 is the server&apos;s address, host:port, e.g. 127.0.0.1:50051.</extracomment>
        <translation>devcoll wird mit dem Server unter %1 kommunizieren</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>The devcoll server this app will connect to</source>
        <translation>Der devcoll-Server, mit dem sich diese App verbinden wird</translation>
    </message>
    <message>
        <source>Offline - the app is not connected yet</source>
        <translation>Offline - die App ist noch nicht verbunden</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit devcoll</source>
        <translation>devcoll beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About devcoll</source>
        <translation>&amp;Über devcoll</translation>
    </message>
    <message>
        <source>Show the version of devcoll and what it is</source>
        <translation>Version und Beschreibung von devcoll anzeigen</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Show the version of Qt, the toolkit devcoll is built with</source>
        <translation>Version von Qt anzeigen, dem Toolkit, mit dem devcoll gebaut ist</translation>
    </message>
    <message>
        <source>&lt;h3&gt;devcoll %1&lt;/h3&gt;&lt;p&gt;A local-first social network for developers.&lt;/p&gt;&lt;p&gt;devcoll keeps your feed, posts and profile on this computer, works offline and syncs with the server at %2 whenever it can reach it.&lt;/p&gt;</source>
        <extracomment>%1 is the version (0.1.0), %2 the server&apos;s address (127.0.0.1:50051). Keep the HTML tags.</extracomment>
        <translation>&lt;h3&gt;devcoll %1&lt;/h3&gt;&lt;p&gt;Ein soziales Netzwerk für Entwickler, das zuerst lokal arbeitet.&lt;/p&gt;&lt;p&gt;devcoll speichert Ihren Feed, Ihre Beiträge und Ihr Profil auf diesem Computer, funktioniert offline und gleicht sich mit dem Server unter %2 ab, sobald dieser erreichbar ist.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About devcoll</source>
        <translation>Über devcoll</translation>
    </message>
    <message>
        <source>Home feed</source>
        <translation>Startseite</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Sync with the server now instead of waiting for the next try</source>
        <translation>Jetzt mit dem Server synchronisieren, statt auf den nächsten Versuch zu warten</translation>
    </message>
    <message>
        <source>Image upload</source>
        <translation>Bild-Upload</translation>
    </message>
    <message>
        <source>&amp;New Post...</source>
        <translation>&amp;Neuer Beitrag …</translation>
    </message>
    <message>
        <source>Write a post; it is saved at once and sent when online</source>
        <translation>Einen Beitrag schreiben; er wird sofort gespeichert und gesendet, sobald online</translation>
    </message>
    <message>
        <source>&amp;Post</source>
        <translation>&amp;Beitrag</translation>
    </message>
    <message>
        <source>Uploading image: %p%</source>
        <extracomment>The status bar&apos;s progress bar while an image goes to the server; %p is the percentage.</extracomment>
        <translation>Bild wird hochgeladen: %p%</translation>
    </message>
    <message>
        <source>&amp;Home Feed</source>
        <translation>&amp;Home-Feed</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;My Profile</source>
        <translation>&amp;Mein Profil</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>Changes Needing &amp;Attention...</source>
        <translation>Offene Än&amp;derungen …</translation>
    </message>
    <message>
        <source>Resolve (%1)...</source>
        <extracomment>The status bar&apos;s button to the changes the server did not take; %1 is how many.</extracomment>
        <translation>Klären (%1) …</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Account, sessions on other devices, server and language</source>
        <translation>Konto, Sitzungen auf anderen Geräten, Server und Sprache</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Sign out, to sign in again or with another account; your data stays here</source>
        <translation>Abmelden, um sich erneut oder mit einem anderen Konto anzumelden; Ihre Daten bleiben hier</translation>
    </message>
    <message>
        <source>Reports from users, for moderators to act on</source>
        <translation>Meldungen von Nutzern, über die Moderatoren entscheiden</translation>
    </message>
    <message>
        <source>M&amp;oderation Queue</source>
        <translation>M&amp;oderationswarteschlange</translation>
    </message>
    <message>
        <source>&amp;Notifications</source>
        <translation>&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <source>Who followed you, liked or commented on your posts, or mentioned you</source>
        <translation>Wer dir folgt, deine Beiträge mag oder kommentiert oder dich erwähnt</translation>
    </message>
    <message>
        <source>Notifications (%1)</source>
        <extracomment>The status bar&apos;s button to the notifications; %1 is how many are unread.</extracomment>
        <translation>Benachrichtigungen (%1)</translation>
    </message>
    <message>
        <source>Open devcoll to see them all.</source>
        <extracomment>The body of the desktop notification that stands for many at once.</extracomment>
        <translation>Öffne devcoll, um alle zu sehen.</translation>
    </message>
    <message>
        <source>There is no account called @%1.</source>
        <extracomment>%1 is a username as written in a post (without the @).</extracomment>
        <translation>Es gibt kein Konto namens @%1.</translation>
    </message>
    <message>
        <source>@%1 is not on this computer, and the server cannot be reached to look them up.</source>
        <translation>@%1 ist nicht auf diesem Computer, und der Server ist nicht erreichbar, um nachzusehen.</translation>
    </message>
</context>
<context>
    <name>devcoll::app::ModerationPage</name>
    <message>
        <source>spam</source>
        <translation>Spam</translation>
    </message>
    <message>
        <source>harassment</source>
        <translation>Belästigung</translation>
    </message>
    <message>
        <source>hate</source>
        <translation>Hass</translation>
    </message>
    <message>
        <source>violence</source>
        <translation>Gewalt</translation>
    </message>
    <message>
        <source>sexual content</source>
        <translation>sexuelle Inhalte</translation>
    </message>
    <message>
        <source>illegal</source>
        <translation>illegal</translation>
    </message>
    <message>
        <source>misinformation</source>
        <translation>Falschinformation</translation>
    </message>
    <message>
        <source>other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>Dismissed by you; waiting to be sent</source>
        <translation>Von dir abgelehnt; wartet auf das Senden</translation>
    </message>
    <message>
        <source>Hidden by you; waiting to be sent</source>
        <translation>Von dir ausgeblendet; wartet auf das Senden</translation>
    </message>
    <message>
        <source>Removed by you; waiting to be sent</source>
        <translation>Von dir entfernt; wartet auf das Senden</translation>
    </message>
    <message>
        <source>Author suspended by you; waiting to be sent</source>
        <translation>Autor von dir gesperrt; wartet auf das Senden</translation>
    </message>
    <message>
        <source>&amp;Fetch Reports</source>
        <translation>Meldungen &amp;abrufen</translation>
    </message>
    <message>
        <source>Get the open reports from the server</source>
        <translation>Die offenen Meldungen vom Server holen</translation>
    </message>
    <message>
        <source>Open reports</source>
        <translation>Offene Meldungen</translation>
    </message>
    <message>
        <source>&amp;Dismiss...</source>
        <translation>Ab&amp;lehnen...</translation>
    </message>
    <message>
        <source>Close the report without acting on what was reported</source>
        <translation>Die Meldung schließen, ohne gegen den gemeldeten Inhalt vorzugehen</translation>
    </message>
    <message>
        <source>&amp;Hide...</source>
        <translation>Aus&amp;blenden...</translation>
    </message>
    <message>
        <source>Hide the post or comment from everyone but its author; it can be shown again</source>
        <translation>Den Beitrag oder Kommentar für alle außer seinem Autor ausblenden; er kann wieder eingeblendet werden</translation>
    </message>
    <message>
        <source>&amp;Remove...</source>
        <translation>&amp;Entfernen...</translation>
    </message>
    <message>
        <source>Delete the post or comment for good</source>
        <translation>Den Beitrag oder Kommentar endgültig löschen</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Suspend Author for %n Days...</source>
        <translation>
            <numerusform>Autor für %n Tag &amp;sperren...</numerusform>
            <numerusform>Autor für %n Tage &amp;sperren...</numerusform>
        </translation>
    </message>
    <message>
        <source>The account cannot sign in, and its posts are hidden, until the suspension ends</source>
        <translation>Das Konto kann sich bis zum Ende der Sperre nicht anmelden, und seine Beiträge sind ausgeblendet</translation>
    </message>
    <message>
        <source>Fetching the open reports...</source>
        <translation>Die offenen Meldungen werden abgerufen...</translation>
    </message>
    <message>
        <source>Your account is not a moderator: the server does not show it the reports.</source>
        <translation>Dein Konto ist kein Moderator: Der Server zeigt ihm die Meldungen nicht.</translation>
    </message>
    <message>
        <source>The reports cannot be fetched now (%1); this is the queue as last fetched.</source>
        <translation>Die Meldungen können gerade nicht abgerufen werden (%1); dies ist die Warteschlange vom letzten Abruf.</translation>
    </message>
    <message>
        <source>Fetched at %1.</source>
        <translation>Abgerufen um %1.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Why? The reason is shown to the author and kept in the audit log:</source>
        <translation>Warum? Die Begründung wird dem Autor gezeigt und im Prüfprotokoll festgehalten:</translation>
    </message>
    <message>
        <source>No open reports on this computer.</source>
        <translation>Keine offenen Meldungen auf diesem Computer.</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Beitrag</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <extracomment>A moderator&apos;s decision the server refused; %1 says why (another moderator acted first...).</extracomment>
        <translation>Nicht ausgeführt: %1</translation>
    </message>
    <message>
        <source>%1 · %2 · complaints: %3 · %4</source>
        <extracomment>One report in the moderation queue: what was reported, the reasons, how many complained, when.</extracomment>
        <translation>%1 · %2 · Beschwerden: %3 · %4</translation>
    </message>
    <message>
        <source>The reason must have 1 to 1,000 characters.</source>
        <translation>Die Begründung muss 1 bis 1.000 Zeichen haben.</translation>
    </message>
    <message>
        <source>This report is no longer in the queue.</source>
        <translation>Diese Meldung ist nicht mehr in der Warteschlange.</translation>
    </message>
    <message>
        <source>A decision on this report already waits to be sent.</source>
        <translation>Eine Entscheidung zu dieser Meldung wartet schon auf das Senden.</translation>
    </message>
    <message>
        <source>Why? The reason is kept in the audit log for moderators:</source>
        <translation>Warum? Die Begründung wird für die Moderation im Prüfprotokoll festgehalten:</translation>
    </message>
    <message>
        <source>%1 of @%2</source>
        <extracomment>In the moderation queue: what was reported (Post, Comment, Account) and whose it is.</extracomment>
        <translation>%1 von @%2</translation>
    </message>
</context>
<context>
    <name>devcoll::app::NotificationsPage</name>
    <message>
        <source>Notifications</source>
        <translation>Benachrichtigungen</translation>
    </message>
    <message>
        <source>&amp;Mark All as Read</source>
        <translation>&amp;Alle als gelesen markieren</translation>
    </message>
    <message>
        <source>No notifications yet. When someone follows you, likes or comments on your posts, replies to you or mentions you, it shows here.</source>
        <translation>Noch keine Benachrichtigungen. Wenn dir jemand folgt, deine Beiträge mag oder kommentiert, dir antwortet oder dich erwähnt, steht es hier.</translation>
    </message>
    <message>
        <source>All caught up</source>
        <translation>Alles gelesen</translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation type="vanished">
            <numerusform>%n ungelesen</numerusform>
            <numerusform>%n ungelesen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new</source>
        <extracomment>How many notifications came since the user last looked.</extracomment>
        <translation>
            <numerusform>%n neu</numerusform>
            <numerusform>%n neu</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>devcoll::app::PostDelegate</name>
    <message>
        <source>Someone</source>
        <extracomment>Shown in place of the author&apos;s name while their profile is not on this computer yet.</extracomment>
        <translation>Jemand</translation>
    </message>
    <message>
        <source>Pending</source>
        <extracomment>A badge on a post or change not yet confirmed by the server.</extracomment>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>From the server</source>
        <extracomment>A badge on a search result found on the server, not on this computer.</extracomment>
        <translation>Vom Server</translation>
    </message>
    <message>
        <source>Hidden by a moderator</source>
        <extracomment>A badge on the author&apos;s own post that a moderator hid (its tooltip says why).</extracomment>
        <translation>Ausgeblendet</translation>
    </message>
</context>
<context>
    <name>devcoll::app::PostListView</name>
    <message>
        <source>&amp;Open Post</source>
        <translation>Beitrag ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Like</source>
        <translation>&amp;Gefällt mir</translation>
    </message>
    <message>
        <source>Show &amp;Author</source>
        <translation>&amp;Autor zeigen</translation>
    </message>
    <message>
        <source>&amp;Edit Post...</source>
        <translation>Beitrag &amp;bearbeiten …</translation>
    </message>
    <message>
        <source>&amp;Delete Post...</source>
        <translation>Beitrag &amp;löschen …</translation>
    </message>
    <message>
        <source>Un&amp;like</source>
        <translation>Gefällt mir &amp;nicht mehr</translation>
    </message>
    <message>
        <source>Delete post</source>
        <translation>Beitrag löschen</translation>
    </message>
    <message>
        <source>Delete this post? Its likes and comments go with it.</source>
        <translation>Diesen Beitrag löschen? Seine Likes und Kommentare verschwinden mit ihm.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
</context>
<context>
    <name>devcoll::app::PostPage</name>
    <message>
        <source>Show the author&apos;s profile</source>
        <translation>Das Profil des Autors zeigen</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Beitrag</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>Your comment</source>
        <translation>Ihr Kommentar</translation>
    </message>
    <message>
        <source>Write a comment...</source>
        <translation>Einen Kommentar schreiben …</translation>
    </message>
    <message>
        <source>&amp;Comment</source>
        <translation>&amp;Kommentieren</translation>
    </message>
    <message>
        <source>Saved at once, sent when online (Ctrl+Return)</source>
        <translation>Sofort gespeichert, gesendet, sobald online (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>This post is not on this computer.</source>
        <translation>Dieser Beitrag ist nicht auf diesem Computer.</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Jemand</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Unlike (liked by %1)</source>
        <translation>Gefällt mir nicht mehr (gefällt %1)</translation>
    </message>
    <message>
        <source>Like (liked by %1)</source>
        <translation>Gefällt mir (gefällt %1)</translation>
    </message>
    <message>
        <source>A comment has at most %1 characters.</source>
        <translation>Ein Kommentar hat höchstens %1 Zeichen.</translation>
    </message>
</context>
<context>
    <name>devcoll::app::ProfilePage</name>
    <message>
        <source>Posts</source>
        <translation>Beiträge</translation>
    </message>
    <message>
        <source>Followers</source>
        <translation>Follower</translation>
    </message>
    <message>
        <source>Following</source>
        <translation>Folgt</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>This profile is not on this computer, and the server cannot be asked now.</source>
        <translation>Dieses Profil ist nicht auf diesem Computer, und der Server ist gerade nicht erreichbar.</translation>
    </message>
    <message>
        <source>Followers: %1 - Following: %2</source>
        <extracomment>%1 followers, %2 followed by the person.</extracomment>
        <translation>Follower: %1 – Folgt: %2</translation>
    </message>
    <message>
        <source>Un&amp;follow</source>
        <translation>&amp;Nicht mehr folgen</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Folgen</translation>
    </message>
    <message>
        <source>Waiting for the server to confirm</source>
        <translation>Wartet auf die Bestätigung des Servers</translation>
    </message>
    <message>
        <source>Shown when the server can be reached</source>
        <translation>Sichtbar, wenn der Server erreichbar ist</translation>
    </message>
</context>
<context>
    <name>devcoll::app::SearchPage</name>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Search posts and people: words, &quot;a phrase&quot;, -without, from:name, #tag</source>
        <extracomment>Placeholder of the search field; keep the operators (from:, #, -, quotes) as they are.</extracomment>
        <translation>Beiträge und Personen suchen: Wörter, &quot;eine Phrase&quot;, -ohne, from:name, #tag</translation>
    </message>
    <message>
        <source>Where the results come from</source>
        <translation>Woher die Ergebnisse kommen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Nothing on this computer; asking the server...</source>
        <translation>Nichts auf diesem Computer; der Server wird gefragt …</translation>
    </message>
    <message>
        <source>Results from this computer; asking the server...</source>
        <translation>Ergebnisse von diesem Computer; der Server wird gefragt …</translation>
    </message>
    <message>
        <source>Nothing found.</source>
        <translation>Nichts gefunden.</translation>
    </message>
    <message>
        <source>Results from this computer and the server.</source>
        <translation>Ergebnisse von diesem Computer und vom Server.</translation>
    </message>
    <message>
        <source>The server cannot be asked now: results from this computer only.</source>
        <translation>Der Server ist gerade nicht erreichbar: nur Ergebnisse von diesem Computer.</translation>
    </message>
</context>
<context>
    <name>devcoll::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <source>S&amp;essions</source>
        <translation>Si&amp;tzungen</translation>
    </message>
    <message>
        <source>Se&amp;rver</source>
        <translation>Se&amp;rver</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>The session could not be revoked: %1</source>
        <extracomment>%1 says why, in the server&apos;s or the network&apos;s words.</extracomment>
        <translation>Die Sitzung konnte nicht widerrufen werden: %1</translation>
    </message>
    <message>
        <source>You are signed in to the devcoll server at %1.</source>
        <extracomment>%1 is the server&apos;s address, host:port.</extracomment>
        <translation>Sie sind beim devcoll-Server unter %1 angemeldet.</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Sign out here, to sign in again or with another account. Your posts and unsent changes stay on this computer for the next sign-in.</source>
        <translation>Hier abmelden, um sich erneut oder mit einem anderen Konto anzumelden. Ihre Beiträge und noch nicht gesendeten Änderungen bleiben für die nächste Anmeldung auf diesem Computer.</translation>
    </message>
    <message>
        <source>Signing out keeps this account&apos;s data on this computer, with the changes not sent yet, for the next time you sign in.</source>
        <translation>Beim Abmelden bleiben die Daten dieses Kontos mit den noch nicht gesendeten Änderungen für die nächste Anmeldung auf diesem Computer.</translation>
    </message>
    <message>
        <source>Devices signed in to your account. Revoke one you do not know or no longer use: it is signed out at once.</source>
        <translation>Geräte, die bei Ihrem Konto angemeldet sind. Widerrufen Sie eines, das Sie nicht kennen oder nicht mehr nutzen: Es wird sofort abgemeldet.</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Zuletzt genutzt</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>&amp;Widerrufen</translation>
    </message>
    <message>
        <source>host:port</source>
        <extracomment>A placeholder in the server address field.</extracomment>
        <translation>Host:Port</translation>
    </message>
    <message>
        <source>devcoll connects to a new address at its next start. The --server option and the DEVCOLL_SERVER environment variable take precedence over this setting.</source>
        <translation>devcoll verbindet sich beim nächsten Start mit einer neuen Adresse. Die Option --server und die Umgebungsvariable DEVCOLL_SERVER haben Vorrang vor dieser Einstellung.</translation>
    </message>
    <message>
        <source>The system&apos;s language</source>
        <extracomment>The language choice that follows the operating system&apos;s.</extracomment>
        <translation>Die Sprache des Systems</translation>
    </message>
    <message>
        <source>The new language shows from devcoll&apos;s next start.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von devcoll.</translation>
    </message>
    <message>
        <source>Asking the server...</source>
        <translation>Frage den Server …</translation>
    </message>
    <message>
        <source>The sessions cannot be shown: %1</source>
        <extracomment>%1 says why, in the server&apos;s or the network&apos;s words.</extracomment>
        <translation>Die Sitzungen können nicht angezeigt werden: %1</translation>
    </message>
    <message>
        <source>Unnamed device</source>
        <extracomment>A session&apos;s device, when the device gave no name.</extracomment>
        <translation>Unbenanntes Gerät</translation>
    </message>
    <message>
        <source>(this device)</source>
        <extracomment>After the device&apos;s name in the sessions list.</extracomment>
        <translation>(dieses Gerät)</translation>
    </message>
    <message>
        <source>Devices signed in: %1</source>
        <extracomment>%1 is how many devices are signed in to the account, this one included.</extracomment>
        <translation>Angemeldete Geräte: %1</translation>
    </message>
    <message>
        <source>Revoking...</source>
        <translation>Widerrufe …</translation>
    </message>
    <message>
        <source>Remove Local Data</source>
        <translation>Lokale Daten entfernen</translation>
    </message>
    <message>
        <source>Sign out and remove this account&apos;s posts, pictures and search index from this computer? Changes not sent to the server yet are lost.</source>
        <translation>Abmelden und die Beiträge, Bilder und den Suchindex dieses Kontos von diesem Computer entfernen? Noch nicht an den Server gesendete Änderungen gehen verloren.</translation>
    </message>
    <message>
        <source>Sign Out and Remove</source>
        <translation>Abmelden und entfernen</translation>
    </message>
    <message>
        <source>Sign Out and Remove Local &amp;Data...</source>
        <translation>Abmelden und lokale &amp;Daten entfernen …</translation>
    </message>
    <message>
        <source>&amp;Server address:</source>
        <translation>Server&amp;adresse:</translation>
    </message>
    <message>
        <source>&amp;Interface language:</source>
        <translation>&amp;Oberflächensprache:</translation>
    </message>
    <message>
        <source>N&amp;otifications</source>
        <translation>Benachrichti&amp;gungen</translation>
    </message>
    <message>
        <source>New &amp;followers:</source>
        <translation>Neue &amp;Follower:</translation>
    </message>
    <message>
        <source>&amp;Comments on your posts:</source>
        <translation>K&amp;ommentare zu deinen Beiträgen:</translation>
    </message>
    <message>
        <source>&amp;Mentions of you:</source>
        <translation>&amp;Erwähnungen von dir:</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>In the app</source>
        <translation>In der App</translation>
    </message>
    <message>
        <source>In the app and on the desktop</source>
        <translation>In der App und auf dem Desktop</translation>
    </message>
    <message>
        <source>Off: nothing is made of it. In the app: listed under View &gt; Notifications and counted as unread. On the desktop: also shown by your system as it arrives.</source>
        <translation>Aus: Es entsteht keine Benachrichtigung. In der App: aufgeführt unter Ansicht &gt; Benachrichtigungen und als ungelesen gezählt. Auf dem Desktop: außerdem von deinem System angezeigt, sobald sie eintrifft.</translation>
    </message>
    <message>
        <source>L&amp;ikes on your posts:</source>
        <translation>&amp;Likes für deine Beiträge:</translation>
    </message>
    <message>
        <source>Re&amp;plies to your comments:</source>
        <translation>&amp;Antworten auf deine Kommentare:</translation>
    </message>
</context>
<context>
    <name>devcoll::app::SignInDialog</name>
    <message>
        <source>Sign in to devcoll</source>
        <translation>Bei devcoll anmelden</translation>
    </message>
    <message>
        <source>User name or e-mail</source>
        <translation>Benutzername oder E-Mail</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Remember me on this computer</source>
        <translation>Auf diesem Computer &amp;angemeldet bleiben</translation>
    </message>
    <message>
        <source>Keeps the session in the system&apos;s keychain, so that devcoll signs you in at start.</source>
        <translation>Bewahrt die Sitzung im Schlüsselbund des Systems auf, damit devcoll Sie beim Start anmeldet.</translation>
    </message>
    <message>
        <source>&amp;User name or e-mail:</source>
        <translation>&amp;Benutzername oder E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Sign-in error</source>
        <translation>Anmeldefehler</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>devcoll on %1</source>
        <extracomment>How this computer is named in the list of the account&apos;s sessions. %1 is its host name.</extracomment>
        <translation>devcoll auf %1</translation>
    </message>
    <message>
        <source>Sign in to the devcoll server at %1, or create an account there.</source>
        <extracomment>%1 is the server&apos;s address, host:port.</extracomment>
        <translation>Melden Sie sich beim devcoll-Server %1 an, oder legen Sie dort ein Konto an.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>3-30 letters, digits or _</source>
        <translation>3-30 Buchstaben, Ziffern oder _</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Optional: how others see your name</source>
        <translation>Optional: wie andere Ihren Namen sehen</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>At least 8 characters</source>
        <translation>Mindestens 8 Zeichen</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Neues Passwort noch einmal</translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation>Was fehlt</translation>
    </message>
    <message>
        <source>User &amp;name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>Anzei&amp;gename:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>Create a devcoll account</source>
        <translation>Ein devcoll-Konto anlegen</translation>
    </message>
    <message>
        <source>&amp;Create account</source>
        <translation>Konto an&amp;legen</translation>
    </message>
    <message>
        <source>I &amp;have an account</source>
        <translation>Ich &amp;habe ein Konto</translation>
    </message>
    <message>
        <source>Create an &amp;account...</source>
        <translation>&amp;Konto anlegen …</translation>
    </message>
    <message>
        <source>Fill in a user name, an e-mail address and a password.</source>
        <translation>Geben Sie einen Benutzernamen, eine E-Mail-Adresse und ein Passwort ein.</translation>
    </message>
    <message>
        <source>A user name has 3 to 30 letters (a-z), digits or underscores.</source>
        <translation>Ein Benutzername hat 3 bis 30 Buchstaben (a-z), Ziffern oder Unterstriche.</translation>
    </message>
    <message>
        <source>This does not look like an e-mail address.</source>
        <translation>Das sieht nicht wie eine E-Mail-Adresse aus.</translation>
    </message>
    <message>
        <source>The password needs at least %1 characters.</source>
        <translation>Das Passwort braucht mindestens %1 Zeichen.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Die beiden Passwörter unterscheiden sich.</translation>
    </message>
    <message>
        <source>Repea&amp;t password:</source>
        <translation>Passwort wie&amp;derholen:</translation>
    </message>
</context>
<context>
    <name>devcoll::app::SignInFlow</name>
    <message>
        <source>devcoll</source>
        <translation>devcoll</translation>
    </message>
    <message>
        <source>Your data on this computer cannot be opened: %1</source>
        <translation>Ihre Daten auf diesem Computer können nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>This account&apos;s data could not be removed from this computer: %1</source>
        <translation>Die Daten dieses Kontos konnten nicht von diesem Computer entfernt werden: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Show the user interface in &lt;language&gt; (for example de or en) instead of the system language.</source>
        <translation>Die Benutzeroberfläche in &lt;Sprache&gt; (zum Beispiel de oder en) statt in der Systemsprache anzeigen.</translation>
    </message>
    <message>
        <source>language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>devcoll: a local-first social network for developers.</source>
        <translation>devcoll: ein soziales Netzwerk für Entwickler, das zuerst lokal arbeitet.</translation>
    </message>
    <message>
        <source>devcoll has no translation for %1; using English.</source>
        <translation>devcoll hat keine Übersetzung für %1; verwende Englisch.</translation>
    </message>
    <message>
        <source>Unknown language &quot;%1&quot;; using the system language.</source>
        <translation>Unbekannte Sprache „%1“; verwende die Systemsprache.</translation>
    </message>
    <message>
        <source>Unexpected argument &quot;%1&quot;; see --help.</source>
        <translation>Unerwartetes Argument „%1“; siehe --help.</translation>
    </message>
    <message>
        <source>Using the server at %1 from %2.</source>
        <translation>Verwende den Server unter %1 aus %2.</translation>
    </message>
</context>
</TS>
